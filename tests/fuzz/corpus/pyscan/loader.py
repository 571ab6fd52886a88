"""Loads plugins in every way sandbox.md lists."""
import importlib
import importlib as il
import os
import sys
from importlib import import_module as im
from importlib.machinery import SourceFileLoader
from importlib.util import spec_from_file_location

BASE = "plugins"
NAME = 'plugins.m_var'
SEP = "."
load = importlib.import_module

importlib.import_module("plugins.m_literal")
importlib.import_module(NAME)
importlib.import_module(f"{BASE}.m_fstr")
importlib.import_module(BASE + "." + "m_plus")
importlib.import_module("%s.m_pct" % BASE)
importlib.import_module("%s.%s" % (BASE, "m_pcttuple"))
importlib.import_module("{}.{name}".format(BASE, name="m_format"))
importlib.import_module(SEP.join([BASE, "m_join"]))
importlib.import_module(".".join((BASE, "m_jointuple")))
importlib.import_module("PLUGINS.M_LOWER".lower())
il.import_module("plugins.m_alias")
im("plugins.m_fromalias")
load("plugins.m_assigned")
__import__("plugins.m_dunder")
importlib.import_module(os.getenv("PLUGIN_ENV", "plugins.m_envdefault"))
importlib.import_module(os.environ.get("PLUGIN_ENVIRON_UNSET", "plugins.m_environdefault"))
importlib.import_module(os.getenv("PLUGIN_SET"))
spec = spec_from_file_location("plugins.m_spec", "plugins/m_spec.py")
loader = SourceFileLoader("plugins.m_loader", "plugins/m_loader.py")
importlib.util.spec_from_loader(name="plugins.m_specloader", loader=None)
importlib.import_module(".m_relative", "plugins")
importlib.import_module(".m_relative_own", package=__package__)

# not static: these are ignored
importlib.import_module(sys.argv[1])
importlib.import_module(BASE + sys.argv[2])
importlib.import_module(f"{BASE}.{sys.argv[3]}")
# importlib.import_module("plugins.m_comment")
text = 'importlib.import_module("plugins.m_string")'

if __name__ == "__main__":
    print(spec, loader, text)

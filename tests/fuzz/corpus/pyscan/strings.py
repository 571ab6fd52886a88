# -*- coding: utf-8 -*-
import os, sys as system
from .pkg import (a,
    b as c)  # comment
from .. import *
x = f"{'nested' + "q"!r:>{10}}" rb'\d' u"""tri
ple""" + '\'' \
    + t"{x}"
if __name__ == "__main__":
	importlib.import_module("plug." + "in")
	__import__(os.getenv("MOD", "default"))
class K:
    def f(self, *a, **k): return [i for i in a if i and not k or i]

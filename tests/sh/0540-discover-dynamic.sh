# discover: every dynamic import form of sandbox.md (literal, name, f-string, +,
# %, .format, .join, .lower(), os.getenv set and unset, os.environ.get,
# spec_from_file_location, spec_from_loader, SourceFileLoader, aliases of
# importlib, __import__, relative with a package); comments and strings ignored
. "$TOP/tests/sh/lib.sh"
fixture discover_dynamic
unset PLUGIN_ENV PLUGIN_SET PLUGIN_ENVIRON_UNSET
check() { # expected-dir
	for f in discovered.json orphan_classifications.json test_queue.json; do
		assert_file_eq sandbox_data/$f expected/$1/$f
	done
}
expect_exit 0 menace discover
check unset
assert_eq "$(cat sandbox_data/test_queue.json)" \
	'["plugins/m_comment.py", "plugins/m_envother.py", "plugins/m_envset.py", "plugins/m_string.py"]' "queue"
expect_exit 0 env PLUGIN_ENV=plugins.m_envother PLUGIN_SET=plugins.m_envset "$MENACE" discover
check set
assert_eq "$(cat sandbox_data/test_queue.json)" \
	'["plugins/m_comment.py", "plugins/m_envdefault.py", "plugins/m_string.py"]' "queue"
# the extracted list, exactly
expect_exit 0 menace discover --imports loader.py
grep ' dynamic ' "$T/.out" | cut -d' ' -f3 > got
cat > want <<'LIST'
plugins.m_literal
plugins.m_var
plugins.m_fstr
plugins.m_plus
plugins.m_pct
plugins.m_pcttuple
plugins.m_format
plugins.m_join
plugins.m_jointuple
plugins.m_lower
plugins.m_alias
plugins.m_fromalias
plugins.m_assigned
plugins.m_dunder
plugins.m_envdefault
plugins.m_environdefault
plugins.m_spec
plugins.m_loader
plugins.m_specloader
plugins.m_relative
.m_relative_own
LIST
assert_file_eq got want

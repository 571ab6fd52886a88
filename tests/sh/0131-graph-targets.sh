# menace targets: rules, instances and outputs
. "$TOP/tests/sh/lib.sh"
fixture graph_dot
menace targets > got || fail "targets failed"
cat > want <<'TXT'
compile
  compile[f=main]
    obj/main.o
  compile[f=util]
    obj/util.o
link
    app
say"hi"\there
    hi.txt
lint
list
    list.json
each (foreach over list.json)
TXT
assert_file_eq got want
expect_err 2 "menace: unexpected argument 'extra'" menace targets extra

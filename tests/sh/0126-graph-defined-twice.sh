# a name defined twice across includes names both places
. "$TOP/tests/sh/lib.sh"
fixture graph_include
printf '  lib:\n    run: true\n' >> rules/sub/deep.yaml
expect_err 2 "menace: rules/build.yaml:6:3: rule 'lib' is defined twice (also at rules/sub/deep.yaml:9:3)" menace graph
fixture graph_include
printf 'vars:\n  dir: other\n' > rules/sub/deep.yaml
expect_err 2 "menace: rules/sub/deep.yaml:2:3: var 'dir' is defined twice (also at rules/build.yaml:3:3)" menace graph
fixture graph_include
sed -i 's|^include: .*|include: [rules/build.yaml, rules/sub/deep.yaml]|' menace.yaml
expect_err 2 "menace: menace.yaml:4:29: 'rules/sub/deep.yaml' is included twice" menace graph

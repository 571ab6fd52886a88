# an include cycle is an error naming the chain, not a hang
. "$TOP/tests/sh/lib.sh"
fixture graph_include
echo 'include: [../build.yaml]' >> rules/sub/deep.yaml
expect_err 2 'menace: rules/sub/deep.yaml:9:11: include cycle: rules/build.yaml -> rules/sub/deep.yaml -> rules/build.yaml' menace graph

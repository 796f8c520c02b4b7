# init creates the database and a private 32-byte key; a second init in the
# same place is refused and changes nothing; --key-from shares a key.
. "$TESTS/lib.sh"
ob init ws >out.txt || fail "init failed"
[ -f ws/workspace.sqlite ] || fail "no database"
[ "$(stat -c %a ws/key)" = 600 ] || fail "key mode is $(stat -c %a ws/key)"
[ "$(stat -c %s ws/key)" = 32 ] || fail "key is not 32 bytes"
key_before=$(sha256sum ws/key)
expect_status 1 ob init ws
grep -q "already holds a workspace" err.txt || fail "bad message: $(cat err.txt)"
[ "$(sha256sum ws/key)" = "$key_before" ] || fail "second init changed the key"
ob init ws2 --key-from ws/key >/dev/null || fail "init --key-from failed"
cmp -s ws/key ws2/key || fail "--key-from did not copy the key"
head -c 10 /dev/zero >short.key
expect_status 1 ob init ws3 --key-from short.key
grep -q "exactly 32 bytes" err.txt || fail "bad key message"
[ ! -e ws3 ] || fail "a failed init left ws3 behind"
chmod 644 ws/key
expect_status 1 ob import "$ROOT/tests/data/extract-small" -w ws
grep -q "readable by others" err.txt || fail "a readable key was accepted"
expect_status 1 ob extracts -w nowhere
grep -q "is not a workspace" err.txt || fail "bad open message"

# user: add users of every role (--password-stdin), list them; the scope
# of an alliance user must be a party of the contract's alliance and that
# of a pch user a PCH of the latest extract (refused, saying what was
# expected, before there is a contract or an extract); passwd, disable and
# enable, each audited; the access log and --limit; --help of every
# subcommand; usage errors; no password in the workspace's file, only
# scrypt hashes; users are never deleted.
. "$TESTS/lib.sh"
export USER=tester
PW1='tr0ub4dor & 3 horses'
PW2='correct-horse-battery-staple'
printf '%s\n' "$PW1" >pw1.txt
printf '%s\n' "$PW2" >pw2.txt
printf 'short\n' >short.txt

ob synth --out x --persons 3000 --seed 5 >/dev/null || fail "synth"
ob init w >/dev/null || fail "init"
ob user list -w w >out.txt || fail "list of none"
grep -q "^(no users yet" out.txt || fail "empty list: $(cat out.txt)"

# Scoped roles need the contract and the extract to check against.
expect_status 1 ob user add -w w --name ally --role alliance --scope clch --password-stdin <pw1.txt
grep -q "w has no contract, so --scope 'clch' cannot be checked" err.txt || fail "no contract: $(cat err.txt)"
expect_status 1 ob user add -w w --name home --role pch --scope NORTH_1 --password-stdin <pw1.txt
grep -q "w has no extract, so --scope 'NORTH_1' cannot be checked" err.txt || fail "no extract: $(cat err.txt)"

ob import x -w w >/dev/null || fail "import"
ob contract add -w w default >/dev/null || fail "contract add"

# One user of each role.
ob user add -w w --name comm --role commissioner --password-stdin <pw1.txt >out.txt || fail "add commissioner"
[ "$(cat out.txt)" = "added user comm (commissioner) to w" ] || fail "add: $(cat out.txt)"
ob user add -w w --name fin@mcp.nhs.uk --role mcp-finance --password-stdin <pw1.txt >/dev/null || fail "add mcp-finance"
ob user add -w w --name ally --role alliance --scope clch --password-stdin <pw1.txt >out.txt || fail "add alliance"
[ "$(cat out.txt)" = "added user ally (alliance, scope clch) to w" ] || fail "add alliance: $(cat out.txt)"
# A password given without a final newline is read too.
printf '%s' "$PW1" | ob user add -w w --name home --role pch --scope NORTH_1 --password-stdin >/dev/null || fail "add pch"

ob user list -w w >list.txt || fail "list"
head -n 1 list.txt | grep -q "^name  *role  *scope  *disabled created$" || fail "list header: $(head -n 1 list.txt)"
awk 'NR > 1 { print $1, $2, $3, $4 }' list.txt >got.txt
cat >want.txt <<EOF
ally alliance clch no
comm commissioner - no
fin@mcp.nhs.uk mcp-finance - no
home pch NORTH_1 no
EOF
diff -u want.txt got.txt || fail "list"
awk 'NR > 1 && $5 !~ /^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$/ { exit 1 }' list.txt || fail "created date: $(cat list.txt)"

# Wrong scopes, roles, names and passwords, each saying what was expected.
expect_status 1 ob user add -w w --name a2 --role alliance --scope wcc --password-stdin <pw1.txt
grep -q "error: --scope 'wcc' is not a party of the alliance in contract westminster_mcp (expected one of: clch, cnwl, gp_federation, imperial, chelwest)" err.txt ||
	fail "alliance scope: $(cat err.txt)"
expect_status 1 ob user add -w w --name p2 --role pch --scope NOPE --password-stdin <pw1.txt
grep -q "error: --scope 'NOPE' is not a primary care home of extract 1 (expected one of: .*NORTH_1" err.txt ||
	fail "pch scope: $(cat err.txt)"
expect_status 2 ob user add -w w --name p2 --role pch --password-stdin <pw1.txt
grep -q "role pch needs --scope (the code of a primary care home)" err.txt || fail "pch without scope: $(cat err.txt)"
expect_status 2 ob user add -w w --name c2 --role commissioner --scope clch --password-stdin <pw1.txt
grep -q "role commissioner takes no --scope" err.txt || fail "commissioner with scope: $(cat err.txt)"
expect_status 2 ob user add -w w --name c2 --role admin --password-stdin <pw1.txt
grep -q "role 'admin' is not a role (expected commissioner, mcp-finance, alliance or pch)" err.txt || fail "bad role: $(cat err.txt)"
expect_status 1 ob user add -w w --name comm --role commissioner --password-stdin <pw1.txt
grep -q "user 'comm' already exists in w" err.txt || fail "duplicate: $(cat err.txt)"
expect_status 1 ob user add -w w --name 'a b' --role commissioner --password-stdin <pw1.txt
grep -q "user name 'a b' is not 1 to 63 characters of A-Z a-z 0-9 . _ @ -" err.txt || fail "bad name: $(cat err.txt)"
expect_status 1 ob user add -w w --name c2 --role commissioner --password-stdin <short.txt
grep -q "the password is 5 characters (expected 12 to 1024)" err.txt || fail "short password: $(cat err.txt)"
expect_status 1 ob user add -w w --name c2 --role commissioner --password-stdin </dev/null
grep -q "no password on standard input" err.txt || fail "empty stdin: $(cat err.txt)"
expect_status 2 ob user add -w w --name c2 --role commissioner </dev/null
grep -q "standard input is not a terminal.*pass --password-stdin" err.txt || fail "not a terminal: $(cat err.txt)"
[ "$(sql w/workspace.sqlite "SELECT count(*) FROM app_user")" = 4 ] || fail "a refused user was added"

# Only scrypt hashes are stored, each with its own salt.
[ "$(sql w/workspace.sqlite "SELECT count(*) FROM app_user WHERE password_hash LIKE '\$scrypt\$ln=17,r=8,p=1\$%'")" = 4 ] ||
	fail "hash format: $(sql w/workspace.sqlite "SELECT password_hash FROM app_user")"
[ "$(sql w/workspace.sqlite "SELECT count(DISTINCT password_hash) FROM app_user")" = 4 ] || fail "the same password, the same hash"

# passwd
before=$(sql w/workspace.sqlite "SELECT password_hash FROM app_user WHERE name = 'comm'")
ob user passwd -w w --name comm --password-stdin <pw2.txt >out.txt || fail "passwd"
[ "$(cat out.txt)" = "set a new password for comm in w; their sessions are ended" ] || fail "passwd: $(cat out.txt)"
after=$(sql w/workspace.sqlite "SELECT password_hash FROM app_user WHERE name = 'comm'")
[ "$before" != "$after" ] || fail "passwd did not change the hash"
expect_status 1 ob user passwd -w w --name ghost --password-stdin <pw2.txt
grep -q "there is no user 'ghost' in w (see 'onebudget user list -w w')" err.txt || fail "passwd ghost: $(cat err.txt)"
expect_status 1 ob user passwd -w w --name comm --password-stdin <short.txt

# disable, enable
ob user disable -w w --name ally >out.txt || fail "disable"
[ "$(cat out.txt)" = "disabled user ally in w; their sessions are ended" ] || fail "disable: $(cat out.txt)"
ob user list -w w | grep -q "^ally  *alliance  *clch  *yes " || fail "not shown disabled"
ob user disable -w w --name ally >out.txt || fail "disable again"
grep -q "already disabled" out.txt || fail "disable again: $(cat out.txt)"
ob user enable -w w --name ally >out.txt || fail "enable"
[ "$(cat out.txt)" = "enabled user ally in w" ] || fail "enable: $(cat out.txt)"
ob user list -w w | grep -q "^ally  *alliance  *clch  *no " || fail "not shown enabled"
expect_status 1 ob user enable -w w --name ghost
grep -q "there is no user 'ghost'" err.txt || fail "enable ghost: $(cat err.txt)"

# Every change is in the audit log, with who made it.
sql w/workspace.sqlite "SELECT who, action, subject FROM audit_log WHERE action LIKE 'user.%' ORDER BY id" >got.txt
cat >want.txt <<EOF
tester|user.add|user comm (commissioner)
tester|user.add|user fin@mcp.nhs.uk (mcp-finance)
tester|user.add|user ally (alliance, scope clch)
tester|user.add|user home (pch, scope NORTH_1)
tester|user.password|user comm
tester|user.disable|user ally
tester|user.enable|user ally
EOF
diff -u want.txt got.txt || fail "audit log"

# The access log (written by the dashboard; here by hand).
ob user log -w w >out.txt || fail "empty log"
grep -q "^(the access log is empty)$" out.txt || fail "empty log: $(cat out.txt)"
sql w/workspace.sqlite "INSERT INTO access_log(at, user, method, path, status, reason, remote) VALUES
	('2022-07-01 09:00:00', '', 'POST', '/login', 401, 'wrong name or password', '10.0.0.7'),
	('2022-07-01 09:00:05', 'comm', 'POST', '/login', 200, 'signed in', '10.0.0.7'),
	('2022-07-01 09:01:00', 'home', 'GET', '/caseload/SOUTH_1', 403, 'role pch may see only NORTH_1', '10.0.0.8')"
ob user log -w w >out.txt || fail "log"
[ "$(wc -l <out.txt)" = 4 ] || fail "log lines: $(cat out.txt)"
head -n 1 out.txt | grep -q "^at  *user  *status method  *path  *remote  *reason$" || fail "log header: $(head -n 1 out.txt)"
sed -n 2p out.txt | grep -q "^2022-07-01 09:00:00  -  *401 POST  */login  *10.0.0.7  *wrong name or password$" ||
	fail "log line 1: $(sed -n 2p out.txt)"
ob user log -w w --limit 1 >out.txt || fail "log --limit"
[ "$(wc -l <out.txt)" = 2 ] || fail "--limit 1: $(cat out.txt)"
grep -q "^2022-07-01 09:01:00  home  *403 GET  */caseload/SOUTH_1 .*role pch may see only NORTH_1$" out.txt ||
	fail "--limit 1 shows the latest: $(cat out.txt)"
expect_status 2 ob user log -w w --limit 0
grep -q -- "--limit '0' is not a whole number between 1 and" err.txt || fail "--limit 0: $(cat err.txt)"

# Append-only log, users never deleted.
if sql w/workspace.sqlite "DELETE FROM access_log" 2>err.txt; then fail "access_log DELETE allowed"; fi
grep -q "immutable" err.txt || fail "access_log DELETE: $(cat err.txt)"
if sql w/workspace.sqlite "UPDATE access_log SET status = 200" 2>err.txt; then fail "access_log UPDATE allowed"; fi
if sql w/workspace.sqlite "DELETE FROM app_user WHERE name = 'ally'" 2>err.txt; then fail "app_user DELETE allowed"; fi
grep -q "a user cannot be deleted (disable it instead)" err.txt || fail "app_user DELETE: $(cat err.txt)"

# No password anywhere in the workspace's file.
for pw in "$PW1" "$PW2"; do
	if grep -aqF "$pw" w/workspace.sqlite; then fail "a raw password is in workspace.sqlite"; fi
done

# --help of each subcommand, with an example; usage errors.
ob user --help >help.out || fail "user --help"
grep -q "^subcommands:" help.out || fail "user --help has no subcommands"
ob help user | grep -q "^usage: onebudget user" || fail "help user"
for sub in add passwd disable enable list log; do
	ob user $sub --help >help.out || fail "$sub --help"
	grep -q "^usage: onebudget user $sub" help.out || fail "$sub --help has no usage"
	grep -q "^example" help.out || fail "$sub --help has no example"
done
ob --help | grep -q "^  user " || fail "user is not in onebudget --help"
expect_status 2 ob user
expect_status 2 ob user frob
grep -q "'frob' is not a user subcommand (expected add, passwd, disable, enable, list or log)" err.txt || fail "frob: $(cat err.txt)"
expect_status 2 ob user add -w w --name x
grep -q "user add needs -w WORKSPACE, --name and --role" err.txt || fail "add without role: $(cat err.txt)"
expect_status 2 ob user passwd -w w
expect_status 2 ob user disable --name x
expect_status 2 ob user list
expect_status 2 ob user log
expect_status 2 ob user list -w w extra
expect_status 1 ob user list -w nowhere
grep -q "is not a workspace" err.txt || fail "no workspace: $(cat err.txt)"
exit 0

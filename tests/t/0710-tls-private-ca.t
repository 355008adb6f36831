#!/bin/sh
# TLS with a private CA (issue 9 item 7, issue 7 item 6): a fake served
# over HTTPS with a certificate from a CA made here with openssl.  Without
# [http] ca_file (or --ca-file) the certificate is refused: an HTTP client
# error "<src>.auth" and exit 3, a configuration problem, since rerunning
# cannot help until the CA is configured; with it the request succeeds.
# A CA file never turns verification off: a certificate for another name
# or from another CA is still refused.
. "$(dirname "$0")/lib.sh"

if ! command -v openssl > /dev/null || ! have_tool mr-http-get; then
	skip "needs openssl and mr-http-get"
	done_testing
fi

pki=$T/pki
mkdir -p "$pki"
# gen_key NAME: an EC key (fast to make).
gen_key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$pki/$1.key" 2> /dev/null
}
# sign NAME CA SAN: a server certificate for SAN signed by CA.
sign() {
	gen_key "$1"
	openssl req -new -key "$pki/$1.key" -subj "/CN=$1" \
	    -out "$pki/$1.csr" 2> /dev/null
	printf '%s\n' "subjectAltName=$3" "basicConstraints=CA:FALSE" \
	    "keyUsage=critical,digitalSignature" \
	    "extendedKeyUsage=serverAuth" > "$pki/$1.ext"
	openssl x509 -req -in "$pki/$1.csr" -CA "$pki/$2.pem" \
	    -CAkey "$pki/$2.key" -CAcreateserial -days 2 \
	    -extfile "$pki/$1.ext" -out "$pki/$1.pem" 2> /dev/null
}
# make_ca NAME
make_ca() {
	gen_key "$1"
	openssl req -x509 -new -key "$pki/$1.key" -subj "/CN=$1" -days 2 \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    -out "$pki/$1.pem" 2> /dev/null
}
make_ca ca
make_ca otherca
sign server ca "IP:127.0.0.1"
sign wrongname ca "DNS:media.example.org"
sign stranger otherca "IP:127.0.0.1"
for f in ca otherca server wrongname stranger; do
	[ -s "$pki/$f.pem" ] || { echo "Bail out! openssl failed for $f"; exit 1; }
done

# tls_start CERT: the fake over HTTPS with CERT; FAKE_URL is https://.
tls_start() {
	fake_stop
	fake_start echo,sonarr --tls-cert "$pki/$1.pem" --tls-key "$pki/$1.key"
	FAKE_URL=https://127.0.0.1:$FAKE_PORT
}
# The fake's control API over TLS too.
fake_get() { curl -sf --cacert "$pki/ca.pem" "$FAKE_URL$1"; }
fake_post() { curl -sf --cacert "$pki/ca.pem" -X POST \
    -H 'Content-Type: application/json' --data-binary "${2:-{\}}" \
    "$FAKE_URL$1"; }

tls_start server
is "$(head -n 1 "$T/fake.out")" "listening on https://127.0.0.1:$FAKE_PORT" \
    "the fake serves HTTPS"
curl -sf --cacert "$pki/ca.pem" "$FAKE_URL/echo/ping" > /dev/null
ok $? "curl trusts it with the private CA (the certificates are right)"
fake_reset

# --- lib/http through mr-http-get ---
mr-http-get --attempts 1 "$FAKE_URL/echo/plain" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "no CA file: the request fails"
is "$(jq -r 'select(.url) | .check' "$T/out")" auth \
    "no CA file: checked as an authentication (configuration) failure"
like "$(jq -r 'select(.url) | .error' "$T/out")" "[Cc]ertificate|SSL|verify" \
    "no CA file: the message says the certificate was not trusted"
is "$(fake_count echo)" 0 "no CA file: no request reached the server"

mr-http-get --attempts 1 --ca-file "$pki/ca.pem" "$FAKE_URL/echo/ok" > "$T/out" \
    2> "$T/err"; rc=$?
is "$rc" 0 "with the CA file: the request succeeds"
is "$(jq -r 'select(.url) | .status' "$T/out")" 200 "with the CA file: HTTP 200"
is "$(fake_count echo)" 1 "with the CA file: the server saw it"

mr-http-get --attempts 1 --ca-file "$pki/otherca.pem" "$FAKE_URL/echo/x" \
    > "$T/out" 2> /dev/null; rc=$?
is "$rc" 1 "another CA's file does not trust this server"

mr-http-get --attempts 1 --ca-file "$T/no-such-ca.pem" "$FAKE_URL/echo/x" \
    > "$T/out" 2> /dev/null; rc=$?
is "$rc" 1 "a missing CA file fails"
is "$(jq -r 'select(.url) | .check' "$T/out")" config \
    "a missing CA file is a configuration error"

tls_start wrongname
mr-http-get --attempts 1 --ca-file "$pki/ca.pem" "$FAKE_URL/echo/x" \
    > "$T/out" 2> /dev/null; rc=$?
is "$rc" 1 "a certificate for another name is refused even with the CA"
like "$(jq -r 'select(.url) | .error' "$T/out")" "127\.0\.0\.1|name|match|subject" \
    "and the message says the name does not match"

tls_start stranger
mr-http-get --attempts 1 --ca-file "$pki/ca.pem" "$FAKE_URL/echo/x" \
    > "$T/out" 2> /dev/null; rc=$?
is "$rc" 1 "a certificate from an unknown CA is refused"

# --- an *arr behind the private CA: [http] ca_file ---
tls_start server
if have_tool mr-arr-add; then
	fake_reset
	write_config
	mr-arr-add -c "$CONF" -s sonarr 81189 > "$T/out" 2> "$T/err"; rc=$?
	is "$rc" 3 "mr-arr-add without [http] ca_file: exit 3"
	like "$(cat "$T/err")" "[Cc]ertificate|SSL|verify" \
	    "mr-arr-add: the message names the certificate problem"
	is "$(fake_count sonarr)" 0 "mr-arr-add: nothing reached Sonarr"
	write_config "[http]
ca_file = $pki/ca.pem"
	mr-arr-add -c "$CONF" -s sonarr 81189 > "$T/out" 2> "$T/err"; rc=$?
	is "$rc" 0 "mr-arr-add with [http] ca_file: exit 0"
	is "$(jq -r .outcome "$T/out")" added "mr-arr-add: the series was added"
	is "$(fake_requests sonarr | jq -r 'select(.method == "POST") | .path')" \
	    /sonarr/api/v3/series "mr-arr-add: one POST reached Sonarr over TLS"
	ok $(no_secret_in "$T/out" "$T/err"; echo $?) "no key printed"
else
	for i in 1 2 3 4 5 6 7; do skip "mr-arr-add not built"; done
fi

# --- mr-process: a refused certificate stops the run like a 401 ---
if have_tool mr-process && have_tool mr-request; then
	. "$(dirname "$0")/pipeline-lib.sh"
	fake_reset
	write_config
	cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF" > /dev/null
	mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
	is "$rc" 3 "mr-process without [http] ca_file: exit 3"
	like "$(cat "$T/err")" "[Cc]ertificate|SSL|verify" \
	    "mr-process: the message names the certificate problem"
	is "$(sqlite3 "$T/mr.db" 'SELECT status, attempts FROM requests')" \
	    "Pending|0" "mr-process: the request waits, no attempt counted"
	write_config "[http]
ca_file = $pki/ca.pem"
	mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
	is "$rc" 0 "mr-process with [http] ca_file: exit 0"
	is "$(sqlite3 "$T/mr.db" 'SELECT status FROM requests')" SentToSonarr \
	    "mr-process: sent over TLS"
else
	for i in 1 2 3 4 5; do skip "no mr-process"; done
fi

done_testing

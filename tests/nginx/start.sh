#!/bin/sh
# tests/nginx/start.sh PREFIX: write the configuration of a WebDAV nginx
# (Debian's nginx-light or nginx) under PREFIX (created) on a free
# 127.0.0.1 port, and print "NGINX PORT": the command to start it in the
# foreground is NGINX -p PREFIX -c PREFIX/nginx.conf -e PREFIX/error.log
# (tests/sh/lib.sh, nginx_start, runs it as its own child, waits until it
# accepts connections and kills it when the test ends).
# Files PUT under the location /cache/ land in PREFIX/root/cache/; the
# access log PREFIX/access.log has "METHOD URI STATUS AUTHORIZATION" a line.
set -u
P=$1
mkdir -p "$P/root/cache" "$P/tmp" || exit 1
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "no nginx (sh .ci/deps installs nginx-light)" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 1
cat >"$P/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $P/nginx.pid;
error_log $P/error.log;
events { worker_connections 256; }
http {
	log_format menace '\$request_method \$uri \$status \$http_authorization';
	access_log $P/access.log menace;
	client_body_temp_path $P/tmp/body;
	proxy_temp_path $P/tmp/proxy;
	fastcgi_temp_path $P/tmp/fastcgi;
	uwsgi_temp_path $P/tmp/uwsgi;
	scgi_temp_path $P/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		root $P/root;
		location /cache/ {
			dav_methods PUT;
			create_full_put_path on;
			client_max_body_size 0;
		}
	}
}
CONF
echo "$NGINX $port"

#!/bin/sh
# tests/nginx/start.sh PREFIX: start nginx (Debian's nginx-light or nginx)
# in the foreground, in the background of the caller's shell, as a WebDAV
# cache on a free 127.0.0.1 port; its files live under PREFIX (created).
# Prints "PID PORT" once it accepts connections; exit 1 if it never does.
# The access log PREFIX/access.log has "METHOD URI STATUS AUTHORIZATION" a
# line. Files stored under the location /cache/ land in PREFIX/root/cache/.
set -u
P=$1
mkdir -p "$P/root/cache" "$P/tmp" || exit 1
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
tries=0
while [ $tries -lt 5 ]; do
	tries=$((tries + 1))
	port=$(free_port) || exit 1
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
	"$NGINX" -p "$P" -c "$P/nginx.conf" -e "$P/error.log" </dev/null >/dev/null 2>&1 &
	pid=$!
	# until it accepts a connection (20 s at most) or dies (port taken: retry)
	i=0
	while [ $i -lt 200 ] && kill -0 $pid 2>/dev/null; do
		if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
			echo "$pid $port"
			exit 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
done
cat "$P/error.log" >&2
exit 1

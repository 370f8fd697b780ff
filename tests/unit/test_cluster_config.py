"""`make cluster`'s nginx configuration (ops/cluster.py, issue 18): everything under its own folder,
sticky sessions that spread browsers over the app processes, websocket upgrade for Streamlit."""
from __future__ import annotations

import re

from ops.cluster import STICKY_COOKIE, nginx_conf


def test_nginx_config_keeps_its_files_in_its_folder_and_runs_in_the_foreground(tmp_path):
    conf = nginx_conf(8501, [8601, 8602], tmp_path)
    assert "daemon off;" in conf
    paths = re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path)\s+(\S+?)[;\s]", conf, re.M)
    assert len(paths) == 8 and all(p.startswith(str(tmp_path)) for p in paths)
    assert "/etc/nginx" not in conf and "include" not in conf


def test_nginx_config_is_sticky_by_a_cookie_and_upgrades_websockets(tmp_path):
    conf = nginx_conf(8501, [8601, 8602, 8603], tmp_path)
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", conf) == ["8601", "8602", "8603"]
    assert "listen 8501;" in conf
    # one browser, one process: hashed on nginx's own cookie (every local user has the same IP,
    # so ip_hash would send them all to one process), set on the first response
    assert "hash $casedesk_node consistent;" in conf
    assert f"$cookie_{STICKY_COOKIE}" in conf and f'Set-Cookie "{STICKY_COOKIE}=$casedesk_node' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_http_version 1.1;" in conf
    assert "proxy_next_upstream error timeout" in conf          # a dead process is skipped

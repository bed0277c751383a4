#!/usr/bin/python3
"""receivers.py - a local HTTP receiver and SMTP sink for the paging tests.

usage: receivers.py OUTDIR

Listens on 127.0.0.1 on two free ports, writes "HTTP_PORT SMTP_PORT" to
OUTDIR/ports when ready, and stores what arrives: each webhook POST as
OUTDIR/http-N.json (the body) with OUTDIR/http-N.head (path and headers),
each e-mail as OUTDIR/smtp-N.eml with OUTDIR/smtp-N.env (MAIL FROM, RCPT TO).
Runs until killed.  Python standard library only.
"""
import http.server
import os
import socketserver
import sys
import threading

out = sys.argv[1]
lock = threading.Lock()
count = {"http": 0, "smtp": 0}


def next_name(kind):
    with lock:
        count[kind] += 1
        return os.path.join(out, "%s-%d" % (kind, count[kind]))


def write(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        base = next_name("http")
        head = "POST %s\n%s" % (self.path, str(self.headers))
        write(base + ".head", head.encode())
        write(base + ".json", body)
        status = 500 if self.path.endswith("/fail") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class Smtp(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for libcurl: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        env = []
        self.reply("220 localhost rota test sink")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb in ("MAIL", "RCPT"):
                env.append(cmd)
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = b""
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data += l
                base = next_name("smtp")
                write(base + ".env", ("\n".join(env) + "\n").encode())
                write(base + ".eml", data)
                env = []
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 not implemented")


class Threaded(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class ThreadedHTTP(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    h = ThreadedHTTP(("127.0.0.1", 0), Hook)
    s = Threaded(("127.0.0.1", 0), Smtp)
    for srv in (h, s):
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    write(os.path.join(out, "ports"),
          ("%d %d\n" % (h.server_address[1], s.server_address[1])).encode())
    threading.Event().wait()


main()

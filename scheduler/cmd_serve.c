/* cmd_serve.c - `rota serve`: a roster directory's feeds over HTTP. */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "serve.h"
#include "util.h"

static const char usage[] =
    "rota serve [DIR] [--listen ADDR:PORT] [--max-connections N]\n"
    "           [--per-ip N] [--timeout SECONDS]\n"
    "\n"
    "Serve the feeds of DIR (what 'rota solve -o DIR' wrote; default\n"
    "$ROTA_DIR) over HTTP until SIGTERM or SIGINT: the team feed, each rank's\n"
    "and each agent's, at the secret paths 'rota tokens DIR' prints.  Files\n"
    "are read on every request, so a new publish or a rotated token takes\n"
    "effect without a restart.  Conditional requests (ETag, Last-Modified)\n"
    "get 304; unknown paths and tokens get 404; methods other than GET and\n"
    "HEAD get 405.  One access log line per request on stderr, naming the\n"
    "feed, never its token.  Plain HTTP: put a TLS proxy in front of it for\n"
    "anything beyond loopback (see README.md).\n"
    "\n"
    "  --listen ADDR:PORT     numeric address and port (default\n"
    "                         127.0.0.1:8080; [::1]:8080 for IPv6; port 0\n"
    "                         picks a free one, printed at start)\n"
    "  --max-connections N    connections at once (default 256)\n"
    "  --per-ip N             connections at once from one address\n"
    "                         (default 64)\n"
    "  --timeout SECONDS      close idle connections after (default 30)\n";

static void
log_line(void *arg, const char *line)
{
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

/* A positive count for an option, or 0 when s is not one. */
static unsigned
count_arg(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (s[0] < '0' || s[0] > '9' || *end != '\0' || v == 0 || v > 100000)
		return 0;
	return (unsigned)v;
}

static int
serve_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "per-ip", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct serve_opts o;
	struct tokens tk = { 0 };
	struct serve *s;
	const char *listen = "127.0.0.1:8080", *dir = NULL;
	char *err = NULL, host[INET6_ADDRSTRLEN];
	unsigned *countp;
	sigset_t set;
	int ch, rc, sig, nfeeds;

	if (rota_wants_help(&cmd_serve, argc, argv))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			listen = optarg;
			break;
		case 'm':
		case 'p':
		case 't':
			countp = ch == 'm' ? &o.max_conns : ch == 'p' ? &o.per_ip :
			    &o.timeout;
			if ((*countp = count_arg(optarg)) == 0)
				return rota_usage(&cmd_serve, "%s wants a whole "
				    "number from 1 to 100000, not '%s'",
				    argv[optind - 2], optarg);
			break;
		case ':':
			return rota_usage(&cmd_serve, "%s needs a value",
			    argv[optind - 1]);
		default:
			return rota_usage(&cmd_serve, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return rota_usage(&cmd_serve, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (serve_parse_listen(listen, &o.addr, &o.addrlen, &err) != 0) {
		rc = rota_usage(&cmd_serve, "%s", err);
		free(err);
		return rc;
	}
	/* Every feed of the team has a token before the first request. */
	if ((rc = rota_feed_tokens(&cmd_serve, optind < argc ? argv[optind] :
	    NULL, NULL, &dir, &tk)) != EXIT_OK)
		return rc;
	nfeeds = tk.n;
	tokens_release(&tk);

	/* Block the stop signals before the server's thread starts, so it
	 * inherits the mask and they reach sigwait() below only. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	o.dir = dir;
	o.log = log_line;
	if ((s = serve_start(&o, &err)) == NULL) {
		rota_warn("%s: %s", listen, err);
		free(err);
		return EXIT_FAIL;
	}
	if (o.addr.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&o.addr)->sin6_addr,
		    host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&o.addr)->sin_addr,
		    host, sizeof(host));
	rota_warn("serve: %d feeds of %s at http://%s%s%s:%d/ ('rota tokens "
	    "%s' prints their paths)", nfeeds, dir,
	    o.addr.ss_family == AF_INET6 ? "[" : "", host,
	    o.addr.ss_family == AF_INET6 ? "]" : "", serve_port(s), dir);
	while (sigwait(&set, &sig) != 0)
		;
	rota_warn("serve: %s, stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	serve_stop(s);
	return EXIT_OK;
}

const struct command cmd_serve = {
	"serve",
	"serve the feeds over HTTP at secret URLs",
	usage,
	serve_run
};

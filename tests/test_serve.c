/* test_serve.c - feed tokens (DIR/tokens), URL routing and --listen parsing. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve.h"
#include "testlib.h"
#include "util.h"

static char *names3[] = { "team", "rank:L1", "agent:ann" };

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void
test_names(void)
{
	CU_ASSERT(tokens_name_ok("team"));
	CU_ASSERT(tokens_name_ok("rank:L1"));
	CU_ASSERT(tokens_name_ok("agent:a.b-c_d"));
	CU_ASSERT(!tokens_name_ok("teams"));
	CU_ASSERT(!tokens_name_ok("rank:"));
	CU_ASSERT(!tokens_name_ok("agent:../x"));
	CU_ASSERT(!tokens_name_ok("agent:.x"));
	CU_ASSERT(!tokens_name_ok("agent:a/b"));
	CU_ASSERT(!tokens_name_ok("user:ann"));
}

static void
test_sync(void)
{
	const char *dir = test_tmpdir();
	struct tokens tk = { 0 }, again = { 0 };
	char *err = NULL, *path, *text;
	char *names2[] = { "team", "agent:ann", "agent:bob" };
	struct stat st;

	CU_ASSERT_EQUAL_FATAL(tokens_sync(&tk, dir, names3, 3, &err), 0);
	CU_ASSERT_EQUAL(tk.n, 3);
	CU_ASSERT_STRING_EQUAL(tk.names[1], "rank:L1");
	for (int i = 0; i < tk.n; i++)
		CU_ASSERT_EQUAL(strlen(tk.tokens[i]), TOKEN_HEX);
	CU_ASSERT_STRING_NOT_EQUAL(tk.tokens[0], tk.tokens[1]);
	path = xasprintf("%s/tokens", dir);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	text = file_read(path, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(strncmp(text, "team\t", 5), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nagent:ann\t"));
	free(text);

	/* Read back: the same pairs. */
	CU_ASSERT_EQUAL(tokens_load(&again, dir, &err), 0);
	CU_ASSERT_EQUAL(again.n, 3);
	CU_ASSERT_STRING_EQUAL(tokens_get(&again, "agent:ann"),
	    tokens_get(&tk, "agent:ann"));
	CU_ASSERT_STRING_EQUAL(tokens_find(&again, tk.tokens[2]), "agent:ann");
	CU_ASSERT_PTR_NULL(tokens_find(&again, "0123456789abcdef0123456789abcdef"));
	CU_ASSERT_PTR_NULL(tokens_find(&again, "short"));

	/* A new team: ann keeps her token, bob gets one, rank:L1 is gone. */
	CU_ASSERT_EQUAL(tokens_sync(&again, dir, names2, 3, &err), 0);
	CU_ASSERT_STRING_EQUAL(tokens_get(&again, "agent:ann"),
	    tokens_get(&tk, "agent:ann"));
	CU_ASSERT_STRING_EQUAL(tokens_get(&again, "team"), tokens_get(&tk, "team"));
	CU_ASSERT_PTR_NOT_NULL(tokens_get(&again, "agent:bob"));
	CU_ASSERT_PTR_NULL(tokens_get(&again, "rank:L1"));
	CU_ASSERT_PTR_NULL(tokens_find(&again, tokens_get(&tk, "rank:L1")));
	CU_ASSERT_EQUAL(tokens_sync(&again, dir, names2, 3, &err), 0);
	CU_ASSERT_EQUAL(again.n, 3);

	CU_ASSERT_EQUAL(tokens_sync(&again, dir, (char *[]){ "x:y" }, 1, &err), -1);
	CU_ASSERT_STRING_EQUAL(err, "bad feed name 'x:y'");
	free(err);
	err = NULL;
	err = NULL;
	free(path);
	tokens_release(&tk);
	tokens_release(&again);
}

static void
test_rotate(void)
{
	const char *dir = test_tmpdir();
	struct tokens tk = { 0 }, old = { 0 };
	char *err = NULL, *want;

	CU_ASSERT_EQUAL_FATAL(tokens_sync(&old, dir, names3, 3, &err), 0);
	CU_ASSERT_EQUAL_FATAL(tokens_rotate(&tk, dir, "rank:L1", &err), 0);
	CU_ASSERT_STRING_NOT_EQUAL(tokens_get(&tk, "rank:L1"),
	    tokens_get(&old, "rank:L1"));
	CU_ASSERT_STRING_EQUAL(tokens_get(&tk, "team"), tokens_get(&old, "team"));
	CU_ASSERT_STRING_EQUAL(tokens_get(&tk, "agent:ann"),
	    tokens_get(&old, "agent:ann"));
	tokens_release(&tk);
	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), 0);
	CU_ASSERT_PTR_NULL(tokens_find(&tk, tokens_get(&old, "rank:L1")));
	CU_ASSERT_EQUAL(tokens_rotate(&tk, dir, "agent:zed", &err), -1);
	want = xasprintf("%s/tokens: no feed named 'agent:zed'", dir);
	CU_ASSERT_STRING_EQUAL(err, want);
	CU_ASSERT_EQUAL(tk.n, 0);
	free(want);
	free(err);
	err = NULL;
	tokens_release(&tk);
	tokens_release(&old);
}

static void
test_load_errors(void)
{
	const char *dir = test_tmpdir();
	struct tokens tk = { 0 };
	char *err = NULL, *want;

	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), 0);	/* no file */
	CU_ASSERT_EQUAL(tk.n, 0);

	write_file(dir, "tokens", "team\t0123456789abcdef0123456789abcdef\n"
	    "agent:ann 0123456789abcdef0123456789abcdee\n");
	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), -1);
	want = xasprintf("%s/tokens:2: expected NAME<TAB>TOKEN (delete the line; "
	    "'rota tokens %s' gives the feed a new token)", dir, dir);
	CU_ASSERT_STRING_EQUAL(err, want);
	CU_ASSERT_EQUAL(tk.n, 0);
	free(want);
	free(err);
	err = NULL;

	write_file(dir, "tokens", "team\t0123456789ABCDEF0123456789abcdef\n");
	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "tokens:1: the token of 'team' is "
	    "not 32 lowercase hex digits"));
	free(err);
	err = NULL;

	write_file(dir, "tokens", "agent:../../etc\t0123456789abcdef0123456789abcdef\n");
	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "tokens:1: bad feed name "
	    "'agent:../../etc' (use team, rank:ID or agent:ID)"));
	free(err);
	err = NULL;

	write_file(dir, "tokens", "team\t0123456789abcdef0123456789abcdef\n\n"
	    "team\t0123456789abcdef0123456789abcdee\n");
	CU_ASSERT_EQUAL(tokens_load(&tk, dir, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "tokens:3: feed 'team' listed twice"));
	free(err);
	err = NULL;
	tokens_release(&tk);
}

static void
test_route(void)
{
	struct tokens tk = { 0 };
	char *p, *f;
	const char *t = "0123456789abcdef0123456789abcdef";
	const char *u = "fedcba9876543210fedcba9876543210";

	tk.names = (char *[]){ "team", "agent:ann" };
	tk.tokens = (char *[]){ (char *)t, (char *)u };
	tk.n = 2;
	p = serve_url_path("agent:ann", u);
	CU_ASSERT_STRING_EQUAL(p, "/feeds/fedcba9876543210fedcba9876543210/agent-ann.ics");
	CU_ASSERT_STRING_EQUAL(serve_route(&tk, p), "agent:ann");
	free(p);
	p = serve_url_path("rank:L2", t);
	CU_ASSERT_STRING_EQUAL(p, "/feeds/0123456789abcdef0123456789abcdef/rank-L2.ics");
	CU_ASSERT_PTR_NULL(serve_route(&tk, p));	/* t is the team's */
	free(p);
	CU_ASSERT_STRING_EQUAL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcdef/team.ics"), "team");
	CU_ASSERT_PTR_NULL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcdef/agent-ann.ics"));
	CU_ASSERT_PTR_NULL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcdef/../team.xml"));
	CU_ASSERT_PTR_NULL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcdef%2fteam.ics"));
	CU_ASSERT_PTR_NULL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcdef/team.ics/"));
	CU_ASSERT_PTR_NULL(serve_route(&tk,
	    "/feeds/0123456789abcdef0123456789abcde/team.ics"));
	CU_ASSERT_PTR_NULL(serve_route(&tk, "/feeds/"));
	CU_ASSERT_PTR_NULL(serve_route(&tk, "/team.ics"));

	f = serve_feed_file("rank:L1");
	CU_ASSERT_STRING_EQUAL(f, "ranks/L1.ics");
	free(f);
	f = serve_feed_file("agent:ann");
	CU_ASSERT_STRING_EQUAL(f, "agents/ann.ics");
	free(f);
	f = serve_feed_file("team");
	CU_ASSERT_STRING_EQUAL(f, "team.ics");
	free(f);
	CU_ASSERT_PTR_NULL(serve_feed_file("agent:../tokens"));
}

static void
test_listen(void)
{
	struct sockaddr_storage sa;
	socklen_t len;
	char *err = NULL, b[INET6_ADDRSTRLEN];

	CU_ASSERT_EQUAL(serve_parse_listen("127.0.0.1:8080", &sa, &len, &err), 0);
	CU_ASSERT_EQUAL(sa.ss_family, AF_INET);
	CU_ASSERT_EQUAL(ntohs(((struct sockaddr_in *)&sa)->sin_port), 8080);
	CU_ASSERT_EQUAL(len, sizeof(struct sockaddr_in));
	inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "127.0.0.1");
	CU_ASSERT_EQUAL(serve_parse_listen("[::1]:443", &sa, &len, &err), 0);
	CU_ASSERT_EQUAL(sa.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(ntohs(((struct sockaddr_in6 *)&sa)->sin6_port), 443);
	CU_ASSERT_EQUAL(serve_parse_listen("0.0.0.0:0", &sa, &len, &err), 0);
	CU_ASSERT_EQUAL(serve_parse_listen("127.0.0.1:65535", &sa, &len, &err), 0);
	CU_ASSERT_PTR_NULL(err);

	const char *bad[] = { "localhost:8080", "127.0.0.1", "127.0.0.1:",
	    "127.0.0.1:65536", "127.0.0.1:80x", ":8080", "::1:8080",
	    "[::1]8080", "1.2.3:80", "127.0.0.1:-1", NULL };
	for (int i = 0; bad[i] != NULL; i++) {
		char *want = xasprintf("bad listen address '%s' (use ADDR:PORT "
		    "with a numeric address, e.g. 127.0.0.1:8080 or "
		    "[::1]:8080)", bad[i]);

		CU_ASSERT_EQUAL(serve_parse_listen(bad[i], &sa, &len, &err), -1);
		CU_ASSERT_STRING_EQUAL(err, want);
		free(want);
		free(err);
		err = NULL;
	}
}

static const struct test_case cases[] = {
	{ "names", test_names },
	{ "sync", test_sync },
	{ "rotate", test_rotate },
	{ "load_errors", test_load_errors },
	{ "route", test_route },
	{ "listen", test_listen },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("serve", cases, argc, argv);
}

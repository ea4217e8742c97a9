// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srv_scan.c - another process's memory, searched for secrets' bytes
 * (srv_harness.h): what test_srv_privsep.c and test_srv_wipe.c look for
 * in the network process and the server.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv_harness.h"

/* The living child of @ppid (the network process), or 0. */
pid_t child_of(pid_t ppid)
{
	char path[300], line[512], *p;
	struct dirent *e;
	pid_t found = 0;
	DIR *d = opendir("/proc");
	FILE *f;

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		/* pid (comm) state ppid: comm may hold spaces */
		if (fgets(line, sizeof(line), f) &&
		    (p = strrchr(line, ')')) != NULL && p[2] != 'Z' &&
		    atoi(p + 4) == (int)ppid)
			found = atoi(e->d_name);
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* Does any readable mapping of @pid hold one of @n needles? Which. */
const char *scan(pid_t pid, const struct needle *nd, size_t n)
{
	static const size_t chunk = 1 << 20;
	char path[64], line[512], perm[8];
	unsigned long lo, hi, a;
	const char *hit = NULL;
	uint8_t *buf = malloc(chunk + 64);
	FILE *maps;
	int mem;
	size_t i, got;
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	mem = open(path, O_RDONLY);
	CHECK(maps != NULL && mem >= 0 && buf != NULL);
	while (!hit && maps && mem >= 0 && buf &&
	       fgets(line, sizeof(line), maps)) {
		/* (a sanitizer's shadow: terabytes reserved, never written
		 * with anything but shadow bytes; skipped) */
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3 ||
		    perm[0] != 'r' || strstr(line, "[vvar]") ||
		    hi - lo > (1UL << 32))
			continue;
		/* chunks overlap by 63 bytes: no window is cut in two */
		for (a = lo; a < hi && !hit; a += chunk) {
			got = hi - a < chunk + 63 ? hi - a : chunk + 63;
			r = pread(mem, buf, got, (off_t)a);
			if (r <= 0)
				break;
			for (i = 0; i < n && !hit; i++)
				if (memmem(buf, (size_t)r, nd[i].b, nd[i].len))
					hit = nd[i].what;
		}
	}
	if (maps)
		fclose(maps);
	if (mem >= 0)
		close(mem);
	free(buf);
	return hit;
}

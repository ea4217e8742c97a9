/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h - rkd's log lines: one line per event on stderr, "rkd: level=...
 * event=... key=value...", so an operator can grep and a collector can
 * parse them. Nothing logged is secret: rkd never holds a secret.
 */
#ifndef RKD_LOG_H
#define RKD_LOG_H

enum rkd_log_level { RKD_LOG_ERROR, RKD_LOG_WARN, RKD_LOG_INFO,
		     RKD_LOG_DEBUG };

void rkd_log_set_level(enum rkd_log_level level);
/* The program named at the start of each line ("rkd" unless set). */
void rkd_log_set_ident(const char *ident);
int rkd_log_parse_level(const char *name, enum rkd_log_level *level);
void rkd_log(enum rkd_log_level level, const char *event, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

#define log_error(ev, ...) rkd_log(RKD_LOG_ERROR, ev, __VA_ARGS__)
#define log_warn(ev, ...)  rkd_log(RKD_LOG_WARN, ev, __VA_ARGS__)
#define log_info(ev, ...)  rkd_log(RKD_LOG_INFO, ev, __VA_ARGS__)
#define log_debug(ev, ...) rkd_log(RKD_LOG_DEBUG, ev, __VA_ARGS__)

#endif /* RKD_LOG_H */

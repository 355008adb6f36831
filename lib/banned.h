/*
 * banned.h: functions that must not be used in media-route (git's idea).
 * Each has a safer replacement named in STYLE.md.  Included by mr.h, after
 * the system headers, so a use becomes a compile error.
 */
#ifndef MR_BANNED_H
#define MR_BANNED_H

#define MR_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) MR_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MR_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) MR_BANNED(strncpy)
#undef sprintf
#define sprintf(...) MR_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MR_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) MR_BANNED(strtok)
#undef atoi
#define atoi(x) MR_BANNED(atoi)
#undef atol
#define atol(x) MR_BANNED(atol)
#undef gets
#define gets(x) MR_BANNED(gets)
#undef gmtime
#define gmtime(x) MR_BANNED(gmtime)
#undef localtime
#define localtime(x) MR_BANNED(localtime)

#endif

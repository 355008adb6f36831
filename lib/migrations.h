/* migrations.h: the SQL of migrations/, embedded by the build. */
#ifndef MR_MIGRATIONS_H
#define MR_MIGRATIONS_H

struct mr_migration {
	int version;		/* NNNN of the file name */
	const char *name;	/* file name */
	const char *sql;
};

extern const struct mr_migration mr_migrations[];
extern const int mr_migrations_count;

#endif

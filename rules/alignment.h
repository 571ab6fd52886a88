/* alignment.h: the human alignment check of the flag stage: the diff of a
 * repository's HEAD commit against its first parent (the empty tree for a
 * root commit), checked per file for changes that quietly weaken the code.
 *
 * alignment_flags.jsonl (format 1), one line per flagged commit:
 *   {"commit": hex, "score": S, "severity": V, "escalated": bool,
 *    "report": {"lines_added": n, "lines_removed": n,
 *               "issues": [{"severity": tier/4, "tier": t, "message": "..."}]}}
 * severity = the worst issue's tier / 4 (what the thresholds compare);
 * score = the sum of all issues' tier / 4 (how much is wrong in total). */
#ifndef MENACE_ALIGNMENT_H
#define MENACE_ALIGNMENT_H

#include <stddef.h>

/* the issue tiers (sandbox.md) */
enum {
	TIER_NEW_MODULE_NO_DOCSTRING = 1,
	TIER_LOGGING_REMOVED = 2,
	TIER_LINTER_SUPPRESSION = 2,
	TIER_DOCSTRING_REMOVED = 3,
	TIER_CREDENTIAL = 3,
	TIER_EVAL_EXEC = 3,
	TIER_SHELL = 3,
	TIER_TEST_REMOVED = 4,
	TIER_ASSERT_REMOVED = 4,
};

struct align_issue {
	int tier;
	char *message;            /* "pkg/a.py: 1 docstring removed" */
};

struct align_report {
	char commit[41];          /* hex id of the commit checked */
	long lines_added, lines_removed;
	struct align_issue *issues;
	size_t nissues, cap;
};

/* check one file's change; old_text NULL when the commit adds the file,
 * new_text NULL when it deletes it; issues are appended to r */
void alignment_check_file(struct align_report *r, const char *path,
                          const char *old_text, const char *new_text);
/* the worst tier / 4 and the sum of tiers / 4 (0 with no issues) */
double alignment_severity(const struct align_report *r);
double alignment_score(const struct align_report *r);
/* check HEAD of the repository at dir (libgit2; dir itself, no upward
 * search): 0 with r filled, 1 when skipped (not a repository, no commit;
 * a note was printed), -1 after an error */
int alignment_check_repo(const char *dir, struct align_report *r);
void alignment_report_release(struct align_report *r);

#endif

/* report.h: text for people about a model: its formula in the data's own
 * column names and a plain-words note on a low R². This module only writes
 * the text into buffers, and the commands print it. */
#ifndef WATERFIT_REPORT_H
#define WATERFIT_REPORT_H

#include <stdbool.h>

#include "model.h"

/* Significant digits of the numbers in reports for people. */
#define REPORT_DIGITS 10

/* Buffer size that every formula and note fits in, with its NUL, however
 * long the column names are: each name is cut to fit. */
#define REPORT_TEXT_SIZE 1024

/* Below this R² the note states that the line predicts little better than
 * the mean; from it up to REPORT_WEAK_R2, that single predictions can be
 * far off. At REPORT_WEAK_R2 and above there is no note. */
#define REPORT_POOR_R2 0.1
#define REPORT_WEAK_R2 0.5

/* Returns true when the character set of LC_CTYPE is UTF-8, so that
 * reports may use the symbols ≈, ×, − and ². */
bool report_locale_is_utf8(void);

/* Writes "water ≈ 40 × temperature − 300" (utf8) or
 * "water ~ 40 * temperature - 300" into text, with REPORT_DIGITS
 * significant digits. The bias is left out for a model trained without an
 * intercept whose bias is 0. Control characters and invalid UTF-8 in the
 * names are escaped as error_quote does. Returns text. */
char *report_formula(const Model *model, bool utf8, char text[REPORT_TEXT_SIZE]);

/* Writes a note on what the training R² means when it is below
 * REPORT_WEAK_R2, such as "temperature explains only 0.76 % of the
 * variation in water (R² = 0.0076): the line predicts little better than
 * the mean of water.", and returns true. Without an intercept the training
 * R² is about 0, and the note compares the line with 0. Returns false and
 * leaves text alone when R² is at least REPORT_WEAK_R2, or when the model
 * has no training report or no MSE and R² in it (both 0, which no fit
 * gives). */
bool report_r2_note(const Model *model, bool utf8, char text[REPORT_TEXT_SIZE]);

#endif

/* i18n.h: gettext macros for user-facing text. Numbers never go through the
 * locale: only LC_MESSAGES and LC_CTYPE are taken from the environment. */
#ifndef WATERFIT_I18N_H
#define WATERFIT_I18N_H

#include <libintl.h>

#define _(text) gettext(text)
#define N_(text) (text)

#endif

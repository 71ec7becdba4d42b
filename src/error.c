/* error.c: filling error records, and quoting user text for messages. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

Status error_set(Error *error, Status status, const char *file, long line,
                 const char *format, ...)
{
    va_list arguments;

    error->status = status;
    error->file = file;
    error->line = line;
    va_start(arguments, format);
    vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
    return status;
}

/* Returns the length of the valid UTF-8 sequence at text (at most length
 * bytes), or 0 when it is not one: overlong forms, surrogates and code
 * points above U+10FFFF are invalid (RFC 3629, section 4). */
static size_t utf8_sequence_length(const unsigned char *text, size_t length)
{
    unsigned char lead = text[0];
    size_t needed;
    unsigned long code_point;

    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 4;
        code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (length < needed) {
        return 0;
    }

    for (size_t i = 1; i < needed; i++) {
        if ((text[i] & 0xC0) != 0x80) {
            return 0;
        }
        code_point = (code_point << 6) | (text[i] & 0x3F);
    }

    if ((needed == 3 && code_point < 0x800) || (needed == 4 && code_point < 0x10000)
        || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
        return 0;
    }
    return needed;
}

char *error_quote(const char *text, size_t length, char *buffer, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)text;
    static const char ellipsis[] = "...";
    size_t out = 0;
    size_t in = 0;

    /* Leave room for the longest piece (a 4-byte sequence or one \xNN
     * escape), the ellipsis and the NUL. */
    while (in < length && out + 4 + sizeof ellipsis <= size) {
        size_t sequence = utf8_sequence_length(bytes + in, length - in);

        if (sequence == 0 || bytes[in] < 0x20 || bytes[in] == 0x7F) {
            out += (size_t)snprintf(buffer + out, size - out, "\\x%02X", bytes[in]);
            in++;
        } else {
            memcpy(buffer + out, bytes + in, sequence);
            out += sequence;
            in += sequence;
        }
    }

    if (in < length && size >= sizeof ellipsis) {
        if (out + sizeof ellipsis > size) {
            out = size - sizeof ellipsis;
        }
        memcpy(buffer + out, ellipsis, sizeof ellipsis);
    } else if (size > 0) {
        buffer[out] = '\0';
    }
    return buffer;
}

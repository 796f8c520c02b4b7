/*
 * zip.h - CRC-32 and a minimal, deterministic ZIP archive writer.
 *
 * The archive is built in memory with STORED (uncompressed) entries only, so
 * the library needs no zlib; an XLSX workbook (xlsx.h) is such an archive.
 * Every entry carries the same fixed DOS timestamp, 1980-01-01 00:00 (the
 * earliest a ZIP can express), and no extra fields, so the same entries in
 * the same order always give byte-identical archives.  The format is the
 * classic 32-bit one of PKWARE's APPNOTE.TXT (sections 4.3.7, 4.3.12 and
 * 4.3.16): a local header before each entry's data, then the central
 * directory, then the end-of-central-directory record.  ZIP64 is not
 * written: an archive is limited to 65535 entries and 4 GiB.
 */
#ifndef ONEBUDGET_ZIP_H
#define ONEBUDGET_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/buf.h"
#include "onebudget/error.h"

/*
 * CRC-32 as used by ZIP, gzip and PNG (ISO 3309, ITU-T V.42: polynomial
 * 0x04C11DB7, bit-reflected, initial value and final XOR 0xFFFFFFFF).
 * Start with crc = 0 and pass the previous result to continue over more
 * data: ob_crc32(ob_crc32(0, a, n), b, m) is the CRC of a followed by b.
 * The check value, CRC-32 of "123456789", is 0xCBF43926.
 */
uint32_t ob_crc32(uint32_t crc, const void *data, size_t len);

/*
 * An archive being written.  `out` holds the local headers and data of the
 * entries added so far and, after ob_zip_finish(), the whole archive (take
 * it with ob_buf_detach() or use it in place).  `central` collects the
 * central directory until then.  Release with ob_zip_release().
 */
struct ob_zip {
	struct ob_buf out;
	struct ob_buf central;
	size_t count; /* entries added */
	int finished; /* ob_zip_finish() has run: no more entries */
};

#define OB_ZIP_INIT { OB_BUF_INIT, OB_BUF_INIT, 0, 0 }

void ob_zip_init(struct ob_zip *z);
void ob_zip_release(struct ob_zip *z);

/*
 * Add an entry `name` (a relative path with '/' separators, 1 to 65535
 * bytes, UTF-8; the caller keeps names unique) holding `len` bytes of
 * `data`, which are copied.  Returns OB_ENOMEM, or OB_EINVAL for a bad
 * name, too many entries, an archive past 4 GiB or a finished archive.
 */
enum ob_status ob_zip_add(struct ob_zip *z, const char *name, const void *data,
			  size_t len, struct ob_error *err);

/* Append the central directory and the end record; `out` is then the whole
 * archive.  OB_ENOMEM or OB_EINVAL (limits as above). */
enum ob_status ob_zip_finish(struct ob_zip *z, struct ob_error *err);

#endif

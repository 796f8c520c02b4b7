/*
 * zip.c - CRC-32 and the STORED-only ZIP writer; see zip.h.
 *
 * Field layouts are those of PKWARE's APPNOTE.TXT 6.3.x: local file header
 * (4.3.7), central directory file header (4.3.12), end of central directory
 * record (4.3.16).  All integers are little-endian.
 */
#include <stdint.h>
#include <string.h>

#include "onebudget/zip.h"
#include "onebudget/banned.h"

#define LOCAL_SIG   0x04034b50U
#define CENTRAL_SIG 0x02014b50U
#define END_SIG	    0x06054b50U

/* 1.0: enough for STORED entries (APPNOTE 4.4.3.2). */
#define VERSION_NEEDED 10
/* 2.0, host 0 (MS-DOS): the external attributes are plain DOS ones (0). */
#define VERSION_MADE_BY 20
/* General purpose flag bit 11: the name is UTF-8 (APPNOTE 4.4.4). */
#define FLAG_UTF8 0x0800
/* DOS date of 1980-01-01, ((year - 1980) << 9) | (month << 5) | day, and
 * DOS time 00:00:00: fixed so that archives are reproducible. */
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME 0

#define MAX_ENTRIES 0xffffU
#define MAX_OFFSET  0xffffffffU

/*
 * The byte-at-a-time table for the reflected polynomial 0xEDB88320:
 * entry n is the CRC register after shifting the byte n through eight
 * rounds of the bitwise algorithm (Sarwate 1988).  It is a constant rather
 * than filled in on first use so that no initialisation can race between
 * threads; the unit tests recompute it bit by bit.
 */
static const uint32_t crc_table[256] = {
    0x00000000U, 0x77073096U, 0xee0e612cU, 0x990951baU, 0x076dc419U,
    0x706af48fU, 0xe963a535U, 0x9e6495a3U, 0x0edb8832U, 0x79dcb8a4U,
    0xe0d5e91eU, 0x97d2d988U, 0x09b64c2bU, 0x7eb17cbdU, 0xe7b82d07U,
    0x90bf1d91U, 0x1db71064U, 0x6ab020f2U, 0xf3b97148U, 0x84be41deU,
    0x1adad47dU, 0x6ddde4ebU, 0xf4d4b551U, 0x83d385c7U, 0x136c9856U,
    0x646ba8c0U, 0xfd62f97aU, 0x8a65c9ecU, 0x14015c4fU, 0x63066cd9U,
    0xfa0f3d63U, 0x8d080df5U, 0x3b6e20c8U, 0x4c69105eU, 0xd56041e4U,
    0xa2677172U, 0x3c03e4d1U, 0x4b04d447U, 0xd20d85fdU, 0xa50ab56bU,
    0x35b5a8faU, 0x42b2986cU, 0xdbbbc9d6U, 0xacbcf940U, 0x32d86ce3U,
    0x45df5c75U, 0xdcd60dcfU, 0xabd13d59U, 0x26d930acU, 0x51de003aU,
    0xc8d75180U, 0xbfd06116U, 0x21b4f4b5U, 0x56b3c423U, 0xcfba9599U,
    0xb8bda50fU, 0x2802b89eU, 0x5f058808U, 0xc60cd9b2U, 0xb10be924U,
    0x2f6f7c87U, 0x58684c11U, 0xc1611dabU, 0xb6662d3dU, 0x76dc4190U,
    0x01db7106U, 0x98d220bcU, 0xefd5102aU, 0x71b18589U, 0x06b6b51fU,
    0x9fbfe4a5U, 0xe8b8d433U, 0x7807c9a2U, 0x0f00f934U, 0x9609a88eU,
    0xe10e9818U, 0x7f6a0dbbU, 0x086d3d2dU, 0x91646c97U, 0xe6635c01U,
    0x6b6b51f4U, 0x1c6c6162U, 0x856530d8U, 0xf262004eU, 0x6c0695edU,
    0x1b01a57bU, 0x8208f4c1U, 0xf50fc457U, 0x65b0d9c6U, 0x12b7e950U,
    0x8bbeb8eaU, 0xfcb9887cU, 0x62dd1ddfU, 0x15da2d49U, 0x8cd37cf3U,
    0xfbd44c65U, 0x4db26158U, 0x3ab551ceU, 0xa3bc0074U, 0xd4bb30e2U,
    0x4adfa541U, 0x3dd895d7U, 0xa4d1c46dU, 0xd3d6f4fbU, 0x4369e96aU,
    0x346ed9fcU, 0xad678846U, 0xda60b8d0U, 0x44042d73U, 0x33031de5U,
    0xaa0a4c5fU, 0xdd0d7cc9U, 0x5005713cU, 0x270241aaU, 0xbe0b1010U,
    0xc90c2086U, 0x5768b525U, 0x206f85b3U, 0xb966d409U, 0xce61e49fU,
    0x5edef90eU, 0x29d9c998U, 0xb0d09822U, 0xc7d7a8b4U, 0x59b33d17U,
    0x2eb40d81U, 0xb7bd5c3bU, 0xc0ba6cadU, 0xedb88320U, 0x9abfb3b6U,
    0x03b6e20cU, 0x74b1d29aU, 0xead54739U, 0x9dd277afU, 0x04db2615U,
    0x73dc1683U, 0xe3630b12U, 0x94643b84U, 0x0d6d6a3eU, 0x7a6a5aa8U,
    0xe40ecf0bU, 0x9309ff9dU, 0x0a00ae27U, 0x7d079eb1U, 0xf00f9344U,
    0x8708a3d2U, 0x1e01f268U, 0x6906c2feU, 0xf762575dU, 0x806567cbU,
    0x196c3671U, 0x6e6b06e7U, 0xfed41b76U, 0x89d32be0U, 0x10da7a5aU,
    0x67dd4accU, 0xf9b9df6fU, 0x8ebeeff9U, 0x17b7be43U, 0x60b08ed5U,
    0xd6d6a3e8U, 0xa1d1937eU, 0x38d8c2c4U, 0x4fdff252U, 0xd1bb67f1U,
    0xa6bc5767U, 0x3fb506ddU, 0x48b2364bU, 0xd80d2bdaU, 0xaf0a1b4cU,
    0x36034af6U, 0x41047a60U, 0xdf60efc3U, 0xa867df55U, 0x316e8eefU,
    0x4669be79U, 0xcb61b38cU, 0xbc66831aU, 0x256fd2a0U, 0x5268e236U,
    0xcc0c7795U, 0xbb0b4703U, 0x220216b9U, 0x5505262fU, 0xc5ba3bbeU,
    0xb2bd0b28U, 0x2bb45a92U, 0x5cb36a04U, 0xc2d7ffa7U, 0xb5d0cf31U,
    0x2cd99e8bU, 0x5bdeae1dU, 0x9b64c2b0U, 0xec63f226U, 0x756aa39cU,
    0x026d930aU, 0x9c0906a9U, 0xeb0e363fU, 0x72076785U, 0x05005713U,
    0x95bf4a82U, 0xe2b87a14U, 0x7bb12baeU, 0x0cb61b38U, 0x92d28e9bU,
    0xe5d5be0dU, 0x7cdcefb7U, 0x0bdbdf21U, 0x86d3d2d4U, 0xf1d4e242U,
    0x68ddb3f8U, 0x1fda836eU, 0x81be16cdU, 0xf6b9265bU, 0x6fb077e1U,
    0x18b74777U, 0x88085ae6U, 0xff0f6a70U, 0x66063bcaU, 0x11010b5cU,
    0x8f659effU, 0xf862ae69U, 0x616bffd3U, 0x166ccf45U, 0xa00ae278U,
    0xd70dd2eeU, 0x4e048354U, 0x3903b3c2U, 0xa7672661U, 0xd06016f7U,
    0x4969474dU, 0x3e6e77dbU, 0xaed16a4aU, 0xd9d65adcU, 0x40df0b66U,
    0x37d83bf0U, 0xa9bcae53U, 0xdebb9ec5U, 0x47b2cf7fU, 0x30b5ffe9U,
    0xbdbdf21cU, 0xcabac28aU, 0x53b39330U, 0x24b4a3a6U, 0xbad03605U,
    0xcdd70693U, 0x54de5729U, 0x23d967bfU, 0xb3667a2eU, 0xc4614ab8U,
    0x5d681b02U, 0x2a6f2b94U, 0xb40bbe37U, 0xc30c8ea1U, 0x5a05df1bU,
    0x2d02ef8dU,
};

uint32_t ob_crc32(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void ob_zip_init(struct ob_zip *z)
{
	ob_buf_init(&z->out);
	ob_buf_init(&z->central);
	z->count = 0;
	z->finished = 0;
}

void ob_zip_release(struct ob_zip *z)
{
	ob_buf_release(&z->out);
	ob_buf_release(&z->central);
	z->count = 0;
	z->finished = 0;
}

static unsigned char *put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)((v >> 8) & 0xff);
	return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
	p = put16(p, (unsigned)(v & 0xffff));
	return put16(p, (unsigned)(v >> 16));
}

static enum ob_status no_memory(struct ob_error *err)
{
	return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
}

static enum ob_status too_large(struct ob_error *err)
{
	return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
			    "zip archive would exceed 65535 entries or 4 GiB "
			    "(zip64 is not supported)");
}

enum ob_status ob_zip_add(struct ob_zip *z, const char *name, const void *data,
			  size_t len, struct ob_error *err)
{
	unsigned char local[30], central[46], *p;
	size_t nlen = strlen(name), offset = z->out.len, old_central;
	unsigned flags = 0;
	uint32_t crc;

	if (z->finished)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "zip entry '%s' added after the archive "
				    "was finished",
				    name);
	if (nlen == 0 || nlen > 0xffff || name[0] == '/')
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "zip entry name '%.64s' is empty, too long "
				    "or absolute (expected a relative path)",
				    name);
	for (size_t i = 0; i < nlen; i++)
		if ((unsigned char)name[i] >= 0x80)
			flags = FLAG_UTF8;
	/* Every offset and size in the classic format is 32 bits, and the
	 * central directory and end record come after the last entry. */
	if (z->count >= MAX_ENTRIES || len > MAX_OFFSET ||
	    offset > MAX_OFFSET - 30 - nlen - len)
		return too_large(err);
	crc = ob_crc32(0, data, len);

	p = put32(local, LOCAL_SIG);
	p = put16(p, VERSION_NEEDED);
	p = put16(p, flags);
	p = put16(p, 0); /* method: stored */
	p = put16(p, DOS_TIME);
	p = put16(p, DOS_DATE);
	p = put32(p, crc);
	p = put32(p, (uint32_t)len); /* compressed size */
	p = put32(p, (uint32_t)len); /* uncompressed size */
	p = put16(p, (unsigned)nlen);
	put16(p, 0); /* extra field length */

	p = put32(central, CENTRAL_SIG);
	p = put16(p, VERSION_MADE_BY);
	p = put16(p, VERSION_NEEDED);
	p = put16(p, flags);
	p = put16(p, 0);
	p = put16(p, DOS_TIME);
	p = put16(p, DOS_DATE);
	p = put32(p, crc);
	p = put32(p, (uint32_t)len);
	p = put32(p, (uint32_t)len);
	p = put16(p, (unsigned)nlen);
	p = put16(p, 0); /* extra field length */
	p = put16(p, 0); /* comment length */
	p = put16(p, 0); /* disk number start */
	p = put16(p, 0); /* internal attributes */
	p = put32(p, 0); /* external attributes */
	put32(p, (uint32_t)offset);

	/* On failure, cut both buffers back so the archive stays whole. */
	old_central = z->central.len;
	if (ob_buf_add(&z->out, local, sizeof(local)) ||
	    ob_buf_add(&z->out, name, nlen) || ob_buf_add(&z->out, data, len) ||
	    ob_buf_add(&z->central, central, sizeof(central)) ||
	    ob_buf_add(&z->central, name, nlen)) {
		ob_buf_setlen(&z->out, offset);
		ob_buf_setlen(&z->central, old_central);
		return no_memory(err);
	}
	z->count++;
	return OB_OK;
}

enum ob_status ob_zip_finish(struct ob_zip *z, struct ob_error *err)
{
	unsigned char end[22], *p;
	size_t offset = z->out.len;

	if (z->finished)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "zip archive finished twice");
	if (z->central.len > MAX_OFFSET ||
	    offset > MAX_OFFSET - z->central.len - sizeof(end))
		return too_large(err);
	p = put32(end, END_SIG);
	p = put16(p, 0);		  /* this disk */
	p = put16(p, 0);		  /* disk with the central directory */
	p = put16(p, (unsigned)z->count); /* entries on this disk */
	p = put16(p, (unsigned)z->count); /* entries in all */
	p = put32(p, (uint32_t)z->central.len);
	p = put32(p, (uint32_t)offset);
	put16(p, 0); /* comment length */
	if (ob_buf_add(&z->out, z->central.data, z->central.len) ||
	    ob_buf_add(&z->out, end, sizeof(end))) {
		ob_buf_setlen(&z->out, offset);
		return no_memory(err);
	}
	ob_buf_release(&z->central);
	z->finished = 1;
	return OB_OK;
}

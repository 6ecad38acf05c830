#pragma once
// A small C interface over zxing-cpp's ReadBarcodes, so Swift can call the independent decoder without C++ interop.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One decoded symbol: its format name, AIM symbology identifier and raw bytes (owned by the result list).
typedef struct lg_zxing_symbol {
    char format[32];
    char symbology_identifier[8];
    uint8_t *bytes;
    size_t length;
} lg_zxing_symbol;

/// Decodes every symbol in an 8-bit grey image (0 = black). Returns the number of symbols written to `out`
/// (at most `capacity`), or -1 on an internal error. Free the byte buffers with lg_zxing_free.
int lg_zxing_read(const uint8_t *grey, int width, int height, int row_stride, int try_harder,
                  lg_zxing_symbol *out, int capacity);

/// Symbology masks for lg_zxing_read_fast.
#define LG_ZXING_DATAMATRIX 1
#define LG_ZXING_CODE128 2
#define LG_ZXING_QRCODE 4

/// Like lg_zxing_read, for a clean binary image (0 or 255) of one generated symbol and its quiet zone: only the
/// formats in `formats` (LG_ZXING_* mask), a plain threshold, no rotation, no try-harder, no downscaling; `pure` when
/// the image holds nothing but the axis-aligned symbol (zxing's pure-symbol detector: 1 pixel a module is enough for
/// Code 128; Data Matrix needs at least 2 in zxing-cpp 1.4).
int lg_zxing_read_fast(const uint8_t *grey, int width, int height, int row_stride, int formats, int pure,
                       lg_zxing_symbol *out, int capacity);

/// Frees the byte buffers of `count` symbols.
void lg_zxing_free(lg_zxing_symbol *symbols, int count);

#ifdef __cplusplus
}
#endif

// C shim over zxing-cpp 1.4 (Debian libzxing-dev). The only code that includes ZXing headers.
#include "lg_zxing.h"

#include <ZXing/ReadBarcode.h>

#include <cstdlib>
#include <cstring>
#include <exception>

static int lg_zxing_collect(const uint8_t *grey, int width, int height, int row_stride,
                            const ZXing::DecodeHints &hints, lg_zxing_symbol *out, int capacity) {
    try {
        ZXing::ImageView image(grey, width, height, ZXing::ImageFormat::Lum, row_stride);
        auto results = ZXing::ReadBarcodes(image, hints);
        int count = 0;
        for (const auto &result : results) {
            if (count >= capacity) break;
            if (!result.isValid()) continue;
            lg_zxing_symbol &symbol = out[count];
            std::memset(&symbol, 0, sizeof symbol);
            std::string format = ZXing::ToString(result.format());
            std::strncpy(symbol.format, format.c_str(), sizeof symbol.format - 1);
            std::string identifier = result.symbologyIdentifier();
            std::strncpy(symbol.symbology_identifier, identifier.c_str(), sizeof symbol.symbology_identifier - 1);
            const auto &bytes = result.bytes();
            symbol.length = bytes.size();
            symbol.bytes = static_cast<uint8_t *>(std::malloc(bytes.size() + 1));
            if (symbol.bytes == nullptr) return -1;
            std::memcpy(symbol.bytes, bytes.data(), bytes.size());
            ++count;
        }
        return count;
    } catch (const std::exception &) {
        return -1;
    }
}

extern "C" int lg_zxing_read(const uint8_t *grey, int width, int height, int row_stride, int try_harder,
                             lg_zxing_symbol *out, int capacity) {
    ZXing::DecodeHints hints;
    hints.setTryHarder(try_harder != 0);
    hints.setTryRotate(try_harder != 0);
    return lg_zxing_collect(grey, width, height, row_stride, hints, out, capacity);
}

extern "C" int lg_zxing_read_fast(const uint8_t *grey, int width, int height, int row_stride, int formats, int pure,
                                  lg_zxing_symbol *out, int capacity) {
    ZXing::BarcodeFormats wanted;
    if (formats & LG_ZXING_DATAMATRIX) wanted |= ZXing::BarcodeFormat::DataMatrix;
    if (formats & LG_ZXING_CODE128) wanted |= ZXing::BarcodeFormat::Code128;
    if (formats & LG_ZXING_QRCODE) wanted |= ZXing::BarcodeFormat::QRCode;
    ZXing::DecodeHints hints;
    hints.setFormats(wanted);
    hints.setTryHarder(false);
    hints.setTryRotate(false);
    hints.setTryDownscale(false);
    hints.setBinarizer(ZXing::Binarizer::BoolCast);
    hints.setIsPure(pure != 0);
    return lg_zxing_collect(grey, width, height, row_stride, hints, out, capacity);
}

extern "C" void lg_zxing_free(lg_zxing_symbol *symbols, int count) {
    for (int i = 0; i < count; ++i) {
        std::free(symbols[i].bytes);
        symbols[i].bytes = nullptr;
    }
}

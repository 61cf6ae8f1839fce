"""Pages compressed for phones on weak village connections; what is compressed already (photos, Excel workbooks,
which are zip files) goes out as stored: compressing it again costs the server's CPU for nothing, and a streamed
original would lose its Content-Length (a phone's download then shows no progress)."""

from django.middleware.gzip import GZipMiddleware

from audit.exports import XLSX_CONTENT_TYPE

COMPRESSED_ALREADY = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif",
                      "application/zip", XLSX_CONTENT_TYPE)


class PageCompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").split(";")[0].strip() in COMPRESSED_ALREADY:
            return response
        return super().process_response(request, response)

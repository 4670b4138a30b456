"""A zip archive whose members all carry one fixed time, so that writing the same
workbook twice gives the same bytes.

openpyxl's own save stamps the workbook's "modified" property and every zip
member with the current time. write_xlsx instead fixes the workbook's created
and modified properties and hands openpyxl's ExcelWriter this archive, which
gives each member FIXED_ZIP_TIME and the same permissions.
"""

import datetime
import shutil
import zipfile

# The workbook's created and modified times (openpyxl writes them as UTC).
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class FixedTimeZipFile(zipfile.ZipFile):
    """A deflated zip archive for writing, every member dated FIXED_ZIP_TIME."""

    def __init__(self, file, mode: str = "w"):
        super().__init__(file, mode, compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    def _member(self, name: str) -> zipfile.ZipInfo:
        member = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        return member

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """Copy a file (openpyxl's temporary file for a worksheet) in, without its modification time."""
        with open(filename, "rb") as source, self.open(self._member(arcname or str(filename)), "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)

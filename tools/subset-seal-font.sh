#!/usr/bin/env bash
# Regenerates src/main/resources/fonts/ARPLUMingCN-GB2312.ttf: AR PL UMing CN (Arphic Public License,
# Debian package fonts-arphic-uming) reduced to GB 2312 (6,763 hanzi, its symbols), ASCII, CJK and
# full-width punctuation, without embedded bitmaps and hinting. Needs: apt-get install fonts-arphic-uming python3-fonttools
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/fonts/ARPLUMingCN-GB2312.ttf
/usr/bin/python3 - "$out" <<'PY'
import sys
from fontTools.ttLib import TTCollection
from fontTools import subset
chars = set(range(0x20, 0x7F))
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([hi, lo]).decode('gb2312')))
        except UnicodeDecodeError:
            pass
chars |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFF66)) | {0x2605, 0x00B7, 0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019}
font = TTCollection('/usr/share/fonts/truetype/arphic/uming.ttc').fonts[0]
options = subset.Options()
options.hinting = False
options.name_IDs = ['*']
options.layout_features = []
options.drop_tables += ['EBDT', 'EBLC', 'EBSC', 'BDF', 'FFTM']
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=chars)
subsetter.subset(font)
notice = 'Modified: subset to GB 2312, ASCII and CJK punctuation, bitmaps and hinting removed (SealGate, tools/subset-seal-font.sh).'
for record in font['name'].names:
    if record.nameID == 5:
        record.string = record.toUnicode() + '; ' + notice
font['name'].setName(notice, 10, 3, 1, 0x409)
font.save(sys.argv[1])
print(sys.argv[1], len(chars), 'characters')
PY
cp /usr/share/doc/fonts-arphic-uming/license/english/ARPHICPL.TXT src/main/resources/fonts/ARPHICPL.TXT 2>/dev/null \
  || cp /usr/share/doc/fonts-arphic-uming/copyright src/main/resources/fonts/ARPHICPL.TXT

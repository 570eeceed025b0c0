"""Makes the committed decoder fixtures that the JDK cannot write (see README.md).

Run from this directory with Pillow 12.3.0 (libjpeg-turbo and libwebp inside its wheel):
    python3 make_fixtures.py
Every output is derived from kodim23.png / kodim04.png (Kodak Lossless True Color, unrestricted use).
"""
from PIL import Image, ImageOps

src = Image.open("kodim23.png").convert("RGB")
crop = src.crop((200, 100, 392, 228))  # 192x128, the parrots' heads: colour, edges and smooth areas
crop.save("crop.png")

# Progressive JPEG, and Pillow's own decode of it (libjpeg-turbo) as an independent reference.
crop.save("progressive.jpg", quality=90, progressive=True, optimize=True)
Image.open("progressive.jpg").convert("RGB").save("progressive.pillow.png")

# CMYK JPEG (Pillow writes Adobe APP14 with inverted CMYK, like Photoshop).
crop.convert("CMYK").save("cmyk.jpg", quality=95)

# WebP lossless (exactly crop.png) and lossy, with libwebp's own decode of the lossy file.
crop.save("lossless.webp", lossless=True)
crop.save("lossy.webp", quality=85, method=4)
Image.open("lossy.webp").convert("RGB").save("lossy.pillow.png")

# WebP lossless with alpha: a horizontal alpha ramp over the crop (RGBA source kept as PNG).
rgba = crop.copy()
rgba.putalpha(Image.linear_gradient("L").rotate(90).resize(crop.size))
rgba.save("alpha.png")
rgba.save("alpha.webp", lossless=True, exact=True)

# EXIF orientation 1..8: the same stored pixels (the crop, JPEG quality 90, baseline) with each
# orientation tag; Pillow's exif_transpose of each as a second, independent reference.
for o in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = o
    crop.save(f"orientation-{o}.jpg", quality=90, exif=exif.tobytes())
    ImageOps.exif_transpose(Image.open(f"orientation-{o}.jpg")).convert("RGB").save(f"orientation-{o}.pillow.png")

# WebP lossless with EXIF orientation 6 (rotate 90 clockwise to display).
exif = Image.Exif()
exif[0x0112] = 6
crop.save("orientation-6.webp", lossless=True, exif=exif.tobytes())

// Heatmap coloring pass, fragment stage: value texel -> colormap entry, one fragment per matrix cell.
// The target framebuffer is exactly cols x rows pixels, so fragment (x, y) colors value texel (x, y):
// texel row y holds matrix row y (row 0 first), column x holds matrix column x.
// The loader prepends `#version 330 core`.

uniform sampler2D uValues;     // R32F, width = cols, height = rows; read with texelFetch (no filtering)
uniform sampler2D uLut;        // 256 x 1 RGBA8 colormap, entry 0 = low end
uniform float uVmin;           // value mapped to entry 0 (finite)
uniform float uVmax;           // value mapped to entry 255 (finite, >= uVmin)
uniform vec4 uMaskedColor;     // RGBA in [0, 1] for NaN and -inf cells

out vec4 fragColor;

void main() {
    float v = texelFetch(uValues, ivec2(gl_FragCoord.xy), 0).r;

    // Masked cells: NaN (missing) and -inf (attention masks) are not data.
    if (isnan(v) || (isinf(v) && v < 0.0)) {
        fragColor = uMaskedColor;
        return;
    }

    // Linear normalisation; values outside [uVmin, uVmax] clamp to the ends (+inf -> top).
    float range = uVmax - uVmin;
    float t;
    if (range > 0.0) {
        t = (v - uVmin) / range;
    } else {
        t = v < uVmin ? 0.0 : (v > uVmax ? 1.0 : 0.5);
    }

    // Same index rule as matplotlib and colorAt(): floor(t * 256), clamped to [0, 255].
    int index = int(clamp(floor(t * 256.0), 0.0, 255.0));
    fragColor = texelFetch(uLut, ivec2(index, 0), 0);
}

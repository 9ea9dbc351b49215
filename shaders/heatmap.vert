// Heatmap coloring pass, vertex stage: one triangle that covers the whole viewport.
// No vertex buffer: positions come from gl_VertexID (draw 3 vertices with an empty VAO bound).
// The loader prepends `#version 330 core`.

void main() {
    // gl_VertexID 0, 1, 2 -> (0,0), (2,0), (0,2) -> clip space (-1,-1), (3,-1), (-1,3).
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}

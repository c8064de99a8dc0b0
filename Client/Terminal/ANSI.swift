/// The SGR escape codes the renderer writes, and only when a style has color on.
enum ANSI {
    static let bold = "\u{1B}[1m"
    static let dim = "\u{1B}[2m"
    static let italic = "\u{1B}[3m"
    static let underline = "\u{1B}[4m"
    /// Inline code: cyan reads better than dim on most terminals' dark backgrounds.
    static let cyan = "\u{1B}[36m"
    static let reset = "\u{1B}[0m"
}

/// How tolerant a reader is and how much it may hold.
public struct ReaderOptions: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        /// Removes what real transmissions carry around the EDIFACT and reports it as warnings.
        case lenient
        /// Refuses anything but clean EDIFACT.
        case strict
    }

    public var mode: Mode
    /// Largest segment in bytes, separators included.
    public var maxSegmentBytes: Int
    /// Most data elements in one segment.
    public var maxElementsPerSegment: Int
    /// Most components in one element.
    public var maxComponentsPerElement: Int
    /// Most segments buffered for one message (UNH to UNT).
    public var maxSegmentsPerMessage: Int
    /// Most bytes skipped as noise before an interchange starts or after it ends.
    public var maxNoiseBytes: Int

    public init(mode: Mode = .lenient, maxSegmentBytes: Int = 64 * 1024, maxElementsPerSegment: Int = 512,
                maxComponentsPerElement: Int = 128, maxSegmentsPerMessage: Int = 2_000_000,
                maxNoiseBytes: Int = 1 << 20) {
        self.mode = mode
        self.maxSegmentBytes = maxSegmentBytes
        self.maxElementsPerSegment = maxElementsPerSegment
        self.maxComponentsPerElement = maxComponentsPerElement
        self.maxSegmentsPerMessage = maxSegmentsPerMessage
        self.maxNoiseBytes = maxNoiseBytes
    }

    public static let lenient = ReaderOptions()
    public static let strict = ReaderOptions(mode: .strict)
}

import Foundation
public import PaxBase
public import PaxMessages
import SafeXML

/// Reads traveller manifests for screening: files, or directories of `*.xml` files found as
/// `InputDiscovery` finds them (recursively, sorted by path, so results come in the same order
/// every time), each decoded with the hardened parser.
public enum ManifestLoader {
    /// A manifest and the file it came from.
    public struct Loaded: Sendable {
        public var file: String
        public var manifest: TravelerManifest
    }

    /// Every manifest under `paths`; fails with one problem per unreadable or undecodable file.
    public static func load(_ paths: [String], workers: Int = ParallelWork.defaultWorkers) throws(SourceLoadError) -> [Loaded] {
        var files: [String] = []
        var problems: [SourceProblem] = []
        for found in InputDiscovery.expand(paths) {
            switch found {
            case .file(let path): files.append(path)
            case .problem(let path, let reason): problems.append(SourceProblem(file: path, line: 0, message: reason))
            }
        }
        let results = ParallelWork.map(files, workers: workers, makeState: { () }) { file, _ -> Result<Loaded, SourceProblem> in
            let bytes: [UInt8]
            do throws(InputFile.Failure) {
                bytes = try InputFile.read(file, limit: ParseLimits.default.maxDocumentBytes)
            } catch {
                return .failure(SourceProblem(file: file, line: 0, message: error.description))
            }
            do throws(MessageDecodingError) {
                return .success(Loaded(file: file, manifest: try TravelerManifest.decode(bytes: bytes)))
            } catch {
                return .failure(SourceProblem(file: file, line: error.line, message: (error.path.isEmpty ? "" : error.path + ": ") + error.message))
            }
        }
        var loaded: [Loaded] = []
        for result in results {
            switch result {
            case .success(let manifest): loaded.append(manifest)
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { throw SourceLoadError(problems: problems) }
        return loaded
    }
}

extension SourceProblem: Error {}

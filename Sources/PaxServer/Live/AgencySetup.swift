import Foundation
public import PaxExchange
import PaxMessages
import PaxRisk

/// Turns an agency configuration file into the agency core's configuration: its signing key,
/// its peers' verification keys and territories, its timing, and its screening (watch list
/// and rules). Every failure names the file (and line, where there is one).
public enum AgencySetup {
    /// Clock difference between agencies tolerated by the replay check.
    public static let skewToleranceMilliseconds: ExchangeTime = 30_000

    public static func exchangeConfiguration(_ file: AgencyServiceConfiguration) throws(AgencySetupError) -> AgencyConfiguration {
        let signingKey: SigningKey
        do {
            let pair = try AgencyKeyPair.load(path: file.privateKeyPath)
            guard pair.agency == file.agency else {
                throw AgencySetupError("\(file.privateKeyPath): key belongs to \(pair.agency), not \(file.agency)")
            }
            signingKey = try pair.exchangeSigningKey()
        } catch let error as AgencySetupError {
            throw error
        } catch {
            throw AgencySetupError(String(describing: error))
        }
        var peers: [Peer] = []
        for peer in file.peers {
            do {
                let key = try AgencyPublicKey.load(path: peer.publicKeyPath)
                guard key.agency == peer.agency else {
                    throw AgencySetupError("\(peer.publicKeyPath): key belongs to \(key.agency), but the configuration lists it for \(peer.agency)")
                }
                peers.append(Peer(id: peer.agency, publicKey: try VerificationKey(rawRepresentation: Array(key.key.rawRepresentation)),
                                  territory: Set(peer.territory)))
            } catch let error as AgencySetupError {
                throw error
            } catch {
                throw AgencySetupError(String(describing: error))
            }
        }
        let timing: ExchangeTiming
        do {
            let replay = ExchangeTime(file.limits.replayWindowSeconds) * 1000
            let skew = min(skewToleranceMilliseconds, replay / 4)
            timing = try ExchangeTiming(retryBase: ExchangeTime(file.timing.retryBaseMilliseconds),
                                        retryCap: ExchangeTime(file.timing.retryCapMilliseconds),
                                        maxAttempts: file.timing.maxAttempts, replayWindow: replay, skewTolerance: skew,
                                        dedupWindow: 2 * replay + 2 * skew + 60_000,
                                        assessmentDeadline: ExchangeTime(file.timing.assessmentDeadlineSeconds) * 1000)
        } catch {
            throw AgencySetupError("\(file.sourcePath): timing and limits.replayWindowSeconds do not fit together: \(error)")
        }
        return AgencyConfiguration(id: file.agency, signingKey: signingKey, territory: Set(file.territory),
                                               peers: peers, timing: timing, screening: try screening(file))
    }

    static func screening(_ file: AgencyServiceConfiguration) throws(AgencySetupError) -> RiskEngine {
        var screener: WatchListScreener? = nil
        if let path = file.watchListPath {
            do {
                screener = WatchListScreener(watchList: try WatchListLoader.load(path: path).watchList)
            } catch {
                throw AgencySetupError(error.description)
            }
        }
        var rules = RuleSet.watchListOnly
        if let path = file.rulesPath {
            do {
                rules = try RuleSet.load(path: path)
            } catch {
                throw AgencySetupError(error.description)
            }
        }
        return RiskEngine(screener: screener, rules: rules)
    }
}

/// An agency that cannot start: what is wrong, naming the file.
public struct AgencySetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension AgencyKeyPair {
    /// The same key as the exchange core's signing key.
    func exchangeSigningKey() throws -> SigningKey {
        try SigningKey(rawRepresentation: Array(privateKey.rawRepresentation))
    }
}

/// Great-circle distances between airports, computed with only `+ - * /` and `sqrt` (which
/// IEEE 754 rounds the same everywhere), never the platform's `sin`/`cos`/`asin`, whose
/// last bits differ between C libraries: the same seed must give the same schedule on
/// every machine.
enum GreatCircle {
    static let earthRadiusKilometres = 6371.0

    /// Distance in kilometres between two points given in degrees.
    static func kilometres(_ a: Airport, _ b: Airport) -> Double {
        let p = unitVector(latitude: a.latitude, longitude: a.longitude)
        let q = unitVector(latitude: b.latitude, longitude: b.longitude)
        let dx = p.x - q.x, dy = p.y - q.y, dz = p.z - q.z
        let chord = (dx * dx + dy * dy + dz * dz).squareRoot()
        return centralAngle(chord: chord) * earthRadiusKilometres
    }

    private static func unitVector(latitude: Double, longitude: Double) -> (x: Double, y: Double, z: Double) {
        let phi = latitude * Double.pi / 180, lambda = longitude * Double.pi / 180
        let cosPhi = cosine(phi)
        return (cosPhi * cosine(lambda), cosPhi * sine(lambda), sine(phi))
    }

    /// The angle subtending a chord of the unit sphere: solves 2 sin(θ/2) = chord by Newton's method.
    private static func centralAngle(chord: Double) -> Double {
        guard chord > 0 else { return 0 }
        var theta = min(chord, 2.0) * 1.05
        for _ in 0..<12 {
            let f = 2 * sine(theta / 2) - chord
            let slope = cosine(theta / 2)
            guard slope > 1e-9 else { break }
            theta -= f / slope
        }
        return min(max(theta, 0), Double.pi)
    }

    /// sin(x) for |x| <= 2π by reduction to [-π, π] and a Taylor series (error < 1e-12).
    static func sine(_ x: Double) -> Double {
        var x = x
        while x > Double.pi { x -= 2 * Double.pi }
        while x < -Double.pi { x += 2 * Double.pi }
        let x2 = x * x
        var term = x, sum = x
        for n in stride(from: 2, through: 36, by: 2) {
            term = -term * x2 / Double(n * (n + 1))
            sum += term
        }
        return sum
    }

    static func cosine(_ x: Double) -> Double {
        sine(x + Double.pi / 2)
    }
}

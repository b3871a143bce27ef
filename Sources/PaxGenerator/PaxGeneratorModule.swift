/// Seeded synthetic traveller manifests (filled in by the generator work).
enum PaxGeneratorModule {}

/// Watch lists, name matching, rules and scoring (filled in by the risk-engine work).
enum PaxRiskModule {}

package dev.parley.node.faults;

import dev.parley.node.testing.Traffic;

/** A fast restart of PostgreSQL: every open connection is cut and in-flight transactions roll back. */
record PostgresRestart() implements Nemesis {

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    long at = System.nanoTime();
    cluster.postgres().restart();
    Recovery.awaitServing(traffic, at, "the PostgreSQL restart");
    return Strike.at(at, "pg_ctl restart -m fast");
  }
}

package io.cx.transform;


/**
 * What a run by date changed in each detail table, against what is published: the dates whose
 * rows differ, and the keys of the changed rows that KPI tables look up (changed journeys, and
 * the cases of changed contacts).
 */
public record DetailChanges(Changes events, Changes sessions, Changes journeys, Changes orders) {}

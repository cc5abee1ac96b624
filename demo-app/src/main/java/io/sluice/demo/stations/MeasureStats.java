package io.sluice.demo.stations;

/**
 * Minimum, maximum and mean of one measure over a station's readings in a window.
 *
 * @param min the smallest value
 * @param max the largest value
 * @param avg the arithmetic mean
 */
public record MeasureStats(double min, double max, double avg) {}

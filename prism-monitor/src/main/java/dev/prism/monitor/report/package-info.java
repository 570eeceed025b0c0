/** The monitor report as JSON and as a self-contained HTML page with inline SVG plots, styled like {@code prism eval}'s. */
package dev.prism.monitor.report;

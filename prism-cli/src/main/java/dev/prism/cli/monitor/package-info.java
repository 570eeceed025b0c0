/** {@code prism prevalence sample|estimate} over prism-monitor, and the time arguments {@code prism monitor} shares. */
package dev.prism.cli.monitor;

/**
 * What every command shares and the command packages may import: exit codes and the behaviour of command groups.
 */
package dev.prism.cli.support;

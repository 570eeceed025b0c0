/**
 * The WRENCH benchmark format: {@link dev.prism.label.wrench.WrenchSplitReader} is the one parser of a
 * split file's items (also used by the label store's import); {@link dev.prism.label.wrench.WrenchReader}
 * builds whole datasets (train, valid, test, class names) from it.
 */
package dev.prism.label.wrench;

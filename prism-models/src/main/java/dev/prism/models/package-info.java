/**
 * The built-in text models and the provider that declares them (lazily) with their contracts and configuration keys.
 */
package dev.prism.models;

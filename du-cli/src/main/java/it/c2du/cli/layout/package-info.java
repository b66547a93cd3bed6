/**
 * The layout on the command line: {@code --profile} over {@code profile.file}
 * ({@link it.c2du.cli.layout.LayoutOption}), and {@code du decode}'s view of a frame's layers as
 * the layout reads them, offsets included ({@link it.c2du.cli.layout.LayerView}).
 */
package it.c2du.cli.layout;

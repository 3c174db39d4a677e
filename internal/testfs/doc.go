// Package testfs gives tests a small file system to fill: a disk-full
// condition made real rather than injected.
package testfs

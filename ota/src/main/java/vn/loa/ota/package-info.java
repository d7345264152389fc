/** Over-the-air updates: bundles, signatures, slots, download, update state machine, launcher, release tool. */
package vn.loa.ota;

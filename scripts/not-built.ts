/** Placeholder for commands whose issue has not landed yet; exits non-zero so no one mistakes it for a result. */
const command = process.argv[2] ?? 'this command';
console.error(`npm run ${command}: not built yet. See the open issues in the kit's tracker.`);
process.exit(2);

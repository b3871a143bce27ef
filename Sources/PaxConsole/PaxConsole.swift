// The analyst's console (issue 16): to be built here.
internal import Mustache
internal import Hummingbird

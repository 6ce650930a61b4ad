"""The playground: one offline HTML page to move the learning rate, step the graph, reveal steps."""

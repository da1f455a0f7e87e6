def test_home_page_answers_in_finnish(client):
    response = client.get("/fi/")
    assert response.status_code == 200
    assert 'lang="fi"' in response.text
